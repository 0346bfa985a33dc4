// The class a residence of `resident` is in: OFFENDER_ADDRESS for an offender's, VICTIM_LOCATION for a victim's, CONTACTS for anyone else's (PRODUCT.md section 4).
// params: none
// args: resident
CASE WHEN resident:Offender THEN 'OFFENDER_ADDRESS' WHEN resident:Victim THEN 'VICTIM_LOCATION' ELSE 'CONTACTS' END
