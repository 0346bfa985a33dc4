// Whether an alert on `offender` goes to the caller (PRODUCT.md section 5; issue 22): a caller holding case classes who may see the case (visible_case), but for an ACTION_OVERDUE alert, "the owner agency and the lead": the agency that owns its action, involved in the case or not (the owner exception, owned_action), and the principals of the case's lead agency who may see it. The one text of an alert's audience: the alerts list, the alertRaised subscription and the webhooks (as their owner, when raised and again when sent) splice it.
// params: agencyId, userId, classes
// args: alert, offender
$classes <> [] AND CASE
  WHEN alert.rule = 'ACTION_OVERDUE' THEN
    EXISTS { (alert)-[:CONCERNS {role: 'COUNTERPART'}]->(audienceAction:PlanAction)
             WHERE @owned_action(audienceAction) }
    OR (@led_case(offender) AND @visible_case(offender))
  ELSE @visible_case(offender)
END
