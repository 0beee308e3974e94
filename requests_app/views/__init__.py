"""Web pages, one module per audience: home (role landing), requester (intake and the request
page), coordinator (inbox and workspace), memberships (invitations and approvals)."""
