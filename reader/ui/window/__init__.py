"""The parts the main window is composed of. Each part holds one concern of the window
(what is open, finding, actions and menus, saved state, the side panels, notes, imports)
and is wired to the others in MainWindow._connect_signals(); a new part (a page view, a
corrections panel) is one more attribute and a few lines there."""
