type Operation = { summary?: string; operationId?: string; responses?: Record<string, { description?: string }> };

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain, dependency-free page of the API's operations, generated from the OpenAPI document. */
export function apiDocsPage(doc: {
  info: { title: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}): string {
  const rows = Object.entries(doc.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, op]) =>
          `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escape(path)}</code></td><td>${escape(op.summary ?? '')}</td>` +
          `<td>${Object.entries(op.responses ?? {})
            .map(([status, r]) => `<code>${status}</code> ${escape(r.description ?? '')}`)
            .join('<br>')}</td></tr>`,
      ),
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)} API</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.4rem .6rem;vertical-align:top;text-align:left}code{font-size:13px}</style></head>
<body><h1>${escape(doc.info.title)} HTTP API</h1><p>${escape(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are <code>application/problem+json</code>.</p>
<table><thead><tr><th>method</th><th>path</th><th>what</th><th>answers</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
