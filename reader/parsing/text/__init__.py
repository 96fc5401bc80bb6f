"""Rules every text layout shares: decoding, bylines and credits, head fields, inline markup, paragraph joining."""
