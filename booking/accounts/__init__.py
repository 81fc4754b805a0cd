"""People and their organisations: registration, accounts made by organisers, sign-in with
throttling, and the signed links of account emails."""
