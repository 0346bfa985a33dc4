// How many offenders the sweep will evaluate (its progress bar's total).
// params: none
MATCH (o:Offender)
RETURN count(o) AS offenders
