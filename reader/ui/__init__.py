"""The reader window: widgets and Qt models. Talks to the library through `service`."""
