"""Alerts (PRODUCT.md section 5): the rules, the evaluator that raises and resolves alerts from
the durable queue, the worker that drains it, and delivery to subscriptions and webhooks."""
