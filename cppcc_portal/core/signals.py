"""What the shared export and download code announces, for the security audit log
(cppcc_portal/audit records; core only announces, as the accounts app does for logins)."""

from django.dispatch import Signal

# An Excel workbook of portal data was written for download. Sent with title=, rows=.
workbook_exported = Signal()
# A stored file is being sent to the browser. Sent with instance= (the row holding the file),
# name= (the name the browser sees), inline= (shown in the page rather than saved).
file_downloaded = Signal()
