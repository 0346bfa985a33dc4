// Whether an emergency grant is active: neither revoked nor expired. Expiry is read as of now, so it takes effect on the next operation without any write.
// params: none
// args: emergencyGrant
emergencyGrant.revokedAt IS NULL AND emergencyGrant.expiresAt > datetime()
