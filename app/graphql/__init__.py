"""What every domain's GraphQL module shares: the per-operation context, Relay pagination, and
descriptions written from the policy tables. Below the domains; app/api assembles them."""
