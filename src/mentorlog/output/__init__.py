"""What a person or a script reads: renderers and the read models behind reports."""
