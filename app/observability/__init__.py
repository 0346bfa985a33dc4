"""What operators watch: Prometheus metrics, JSON logs and OpenTelemetry traces."""
