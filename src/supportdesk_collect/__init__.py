"""supportdesk-collect: the diagnostics collector an Enterprise admin runs next to Docker/Kubernetes.

The whole tool is the single standard-library file ``supportdesk_collect.py`` (Python >= 3.8),
which the desk serves for download; this package only makes it installable.
"""
