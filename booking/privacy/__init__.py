"""Privacy: erasing a person keeping counts, through each context's privacy.py."""
