// When `link` began, as the traversals read it: an association when it was observed, a household membership its `since`, any other link its `from` (null when it has no beginning).
// params: none
// args: link
CASE type(link) WHEN 'ASSOCIATES_WITH' THEN date(link.observedAt) WHEN 'HOUSEHOLD_MEMBER_OF' THEN link.since ELSE link.from END
