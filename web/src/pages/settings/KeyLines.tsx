/** The exact lines that use a new key: the agent, Claude Code's telemetry, a hook, the event API. */
export function KeyLines({ secret, scopes }: { secret: string; scopes: string[] }) {
  const server = location.origin;
  if (!scopes.includes('ingest')) {
    return (
      <div className="key-lines">
        <h4>Read the API with it</h4>
        <pre>{`curl -s ${server}/api/v1/sessions -H "Authorization: Bearer ${secret}"`}</pre>
      </div>
    );
  }
  return (
    <div className="key-lines" data-testid="key-lines">
      <h4>Ship this machine’s Claude Code sessions (agent)</h4>
      <pre>{`SIGHTLINE_SERVER=${server} SIGHTLINE_KEY=${secret} npx sightline agent`}</pre>
      <h4>Claude Code telemetry (OpenTelemetry, in your shell profile)</h4>
      <pre>
        {[
          'export CLAUDE_CODE_ENABLE_TELEMETRY=1',
          'export OTEL_LOGS_EXPORTER=otlp OTEL_METRICS_EXPORTER=otlp',
          'export OTEL_EXPORTER_OTLP_PROTOCOL=http/json',
          `export OTEL_EXPORTER_OTLP_ENDPOINT=${server}`,
          `export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer ${secret}"`,
        ].join('\n')}
      </pre>
      <h4>A Claude Code hook command (settings.json → hooks)</h4>
      <pre>{`curl -s -X POST ${server}/api/v1/hooks/claude-code -H "Authorization: Bearer ${secret}" -H 'content-type: application/json' --data-binary @-`}</pre>
      <h4>The event API (any LLM app)</h4>
      <pre>{`curl -s ${server}/api/v1/events -H "Authorization: Bearer ${secret}" -H 'content-type: application/json' \\\n  -d '{"events":[{"ts":${Date.now()},"sessionId":"demo-1","kind":"log","level":"info","text":"hello"}]}'`}</pre>
    </div>
  );
}
