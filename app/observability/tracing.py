"""OpenTelemetry tracing, exported only when configured.

With `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) set, spans are
batched to that collector over OTLP/HTTP, with the standard `OTEL_*` variables (service name,
headers, sampler) honoured; a tracer provider installed before the app starts (by
`opentelemetry-instrument`, or a test) is used as it is. Otherwise the API's no-op tracer
records nothing.

A span names what ran (a GraphQL operation as its metrics label names it, a resolver's field, a
Neo4j query by its registry name) and never carries a value: no variable, argument, document
text, parameter, nor an exception's message (a driver's names the values it refused), only its
type."""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import SpanKind, StatusCode
from opentelemetry.util.types import AttributeValue

TRACER = trace.get_tracer("mappa-link")
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")


def tracing_on() -> bool:
    """Whether a tracer provider records spans in this process."""
    return not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)


def configure_tracing(environ: Mapping[str, str] = os.environ) -> bool:
    """Install the OTLP exporter when an endpoint is configured (once per process); whether
    spans are recorded."""
    if tracing_on():
        return True
    if (not any(environ.get(name) for name in ENDPOINT_VARIABLES)
            or environ.get("OTEL_SDK_DISABLED", "").lower() == "true"):
        return False
    # Imported only when tracing is on: nothing of the SDK is loaded otherwise.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # noqa: PLC0415
        OTLPSpanExporter,
    )
    from opentelemetry.sdk.resources import Resource  # noqa: PLC0415
    from opentelemetry.sdk.trace import TracerProvider  # noqa: PLC0415
    from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: PLC0415

    provider = TracerProvider(resource=Resource.create(
        {"service.name": environ.get("OTEL_SERVICE_NAME", "mappa-link")}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return True


@contextmanager
def span(
    name: str, kind: SpanKind = SpanKind.INTERNAL,
    attributes: Mapping[str, AttributeValue] | None = None, parent: Context | None = None,
) -> Iterator[trace.Span]:
    """A span current for the block (a child of `parent`'s span, else of the current one); an
    exception marks it failed with its type alone."""
    with TRACER.start_as_current_span(name, context=parent, kind=kind, attributes=attributes,
                                      record_exception=False,
                                      set_status_on_exception=False) as current:
        try:
            yield current
        except BaseException as error:
            current.set_status(StatusCode.ERROR, type(error).__name__)
            raise
