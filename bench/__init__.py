"""newsbot's benchmark (``python -m bench``); see bench/run.py."""
