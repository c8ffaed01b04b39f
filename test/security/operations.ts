/** One operation of the served OpenAPI document, with its effective security and a callable URL path. */
export interface Operation {
  method: string;
  /** As documented, e.g. `/v1/hosting-requests/{id}`. */
  template: string;
  /** With path parameters filled in. */
  path: string;
  /** Names of the security schemes that may authorise it; empty when it is open. */
  security: string[];
  hasBody: boolean;
}

type OpenApi = {
  security?: Array<Record<string, unknown>>;
  paths: Record<string, Record<string, { security?: Array<Record<string, unknown>>; requestBody?: unknown }>>;
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head']);

/** Every operation the running API documents, read from its own /openapi.json. */
export async function documentedOperations(apiUrl: string, id = 'security-probe'): Promise<Operation[]> {
  const response = await fetch(`${apiUrl}/openapi.json`);
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  const doc = (await response.json()) as OpenApi;
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        template,
        path: template.replace(/\{[^}]+\}/g, encodeURIComponent(id)),
        security: (operation.security ?? doc.security ?? []).flatMap((requirement) => Object.keys(requirement)),
        hasBody: operation.requestBody !== undefined,
      })),
  );
}

/** The codec routes, when this build mounts them at /codec (they are not in the document). */
export async function codecOperations(apiUrl: string): Promise<Operation[]> {
  const probe = await fetch(`${apiUrl}/codec/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"payloads":[]}',
  });
  const text = await probe.text();
  if (probe.status === 404 && text.includes('No route')) return [];
  return ['/codec/encode', '/codec/decode'].map((path) => ({
    method: 'POST',
    template: path,
    path,
    security: ['apiKey'],
    hasBody: true,
  }));
}
