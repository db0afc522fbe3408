# Thin wrapper: every target is a task in tasks.py (which needs only Python 3.11+ and pip).
.PHONY: help setup data briefing test quick bench notebooks lab browser
help setup data briefing test quick bench notebooks lab browser:
	python3 tasks.py $@
