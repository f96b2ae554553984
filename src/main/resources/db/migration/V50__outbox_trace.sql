-- The trace of the detection run that raised an alert (W3C traceparent), so that the published CloudEvent carries
-- it (distributed-tracing extension) and a subscriber's span joins the run's trace. Null when tracing is off.
alter table alert_outbox add column traceparent text;
