import { z } from 'zod';
import {
  createHostingRequestSchema,
  listQuerySchema,
  loaSchema,
  TELEPHONE_NUMBER_PATTERN,
} from './hosting-request-schema.js';
import {
  acceptedSchema,
  cancelAcceptedSchema,
  cancelBodySchema,
  healthSchema,
  hostingRequestViewSchema,
  listResponseSchema,
  loaAcceptedSchema,
  problemSchema,
  readinessSchema,
  telephoneNumberSchema,
  webhookAnswerSchema,
} from './response-schemas.js';

type JsonSchema = Record<string, unknown>;

/** Every named schema lands in components; refs point there. */
function collect() {
  const components: Record<string, JsonSchema> = {};
  const ref = (schema: z.ZodType, io: 'input' | 'output', name?: string): JsonSchema => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
      $ref?: string;
    };
    for (const [key, value] of Object.entries(json.$defs ?? {})) components[key] = rewriteRefs(value);
    delete json.$schema;
    delete json.$defs;
    if (json.$ref) return { $ref: (json.$ref as string).replace('#/$defs/', '#/components/schemas/') };
    if (name) {
      components[name] = rewriteRefs(json);
      return { $ref: `#/components/schemas/${name}` };
    }
    return rewriteRefs(json);
  };
  return { components, ref };
}

function rewriteRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
}

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

/** The OpenAPI 3.1 document of the HTTP API, generated from the schemas the API validates and answers with. */
export function openApiDocument(): Record<string, unknown> {
  const { components, ref } = collect();
  const problem = {
    description: 'Problem details',
    content: { 'application/problem+json': { schema: ref(problemSchema, 'output') } },
  };
  const unauthorized = { ...problem, description: 'Missing or wrong API key' };
  const notFound = { ...problem, description: 'No hosting request has this id' };
  const unavailable = {
    ...problem,
    description: "hostflow's database (or, to start or signal a request, Temporal) is unavailable; carries Retry-After",
  };
  const idParam = {
    name: 'id',
    in: 'path',
    required: true,
    description: 'The request id (its customerOrderId)',
    schema: { type: 'string', pattern: '^[A-Za-z0-9 -]{1,40}$' },
  };
  const listParams = ref(listQuerySchema, 'input') as { properties: Record<string, JsonSchema> };
  const view = ref(hostingRequestViewSchema, 'output');

  return {
    openapi: '3.1.0',
    info: {
      title: 'hostflow',
      version: '0.1.0',
      description:
        "Host customers' existing phone numbers on Bandwidth for messaging. Each request is a durable Temporal workflow.",
    },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/hosting-requests': {
        post: {
          operationId: 'startHostingRequest',
          summary: 'Start hosting numbers for messaging',
          requestBody: {
            required: true,
            content: json(ref(createHostingRequestSchema, 'input', 'HostingRequestCreate')),
          },
          responses: {
            '202': {
              description:
                'Accepted: recorded, and its workflow started (or, while Temporal is unreachable, starting as soon as it answers)',
              content: json(ref(acceptedSchema, 'output')),
            },
            '400': { ...problem, description: 'Invalid input; `errors` names each field' },
            '401': unauthorized,
            '409': {
              ...problem,
              description:
                'A request with this id exists (ids are never reused), or numbers are pending in another running request or hosted: `errors` names each (`telephoneNumbers[i]`)',
            },
            '413': { ...problem, description: 'Body too large' },
            '415': { ...problem, description: 'Not JSON' },
            '503': unavailable,
          },
        },
        get: {
          operationId: 'listHostingRequests',
          summary: 'List requests: open ones first (newest start first), then ended ones (latest end first)',
          parameters: Object.entries(listParams.properties).map(([name, schema]) => ({
            name,
            in: 'query',
            required: false,
            schema,
          })),
          responses: {
            '200': { description: 'A page of requests', content: json(ref(listResponseSchema, 'output')) },
            '400': problem,
            '401': unauthorized,
            '503': unavailable,
          },
        },
      },
      '/v1/hosting-requests/{id}': {
        get: {
          operationId: 'getHostingRequest',
          summary: 'Where a request stands (same body while running and after the end)',
          parameters: [idParam],
          responses: {
            '200': { description: 'The request', content: json(view) },
            '401': unauthorized,
            '404': notFound,
            '503': unavailable,
          },
        },
      },
      '/v1/hosting-requests/{id}/loa': {
        get: {
          operationId: 'getLoa',
          summary: "The request's LOA file as it was given (the latest one, when several were)",
          parameters: [idParam],
          responses: {
            '200': {
              description: 'The file, with its Content-Type and a Content-Disposition naming it',
              content: { '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } },
            },
            '401': unauthorized,
            '404': { ...problem, description: 'No hosting request has this id, or it has no LOA' },
            '503': unavailable,
          },
        },
        post: {
          operationId: 'provideLoa',
          summary: 'Give the Letter of Authorization after the request started (or after a failed upload)',
          parameters: [idParam],
          requestBody: { required: true, content: json(ref(loaSchema, 'input', 'Loa')) },
          responses: {
            '202': {
              description: 'The LOA will be uploaded when the order allows it',
              content: json(ref(loaAcceptedSchema, 'output')),
            },
            '400': problem,
            '401': unauthorized,
            '404': notFound,
            '409': { ...problem, description: 'The request has ended, or Bandwidth already holds its LOA' },
            '413': problem,
            '503': unavailable,
          },
        },
      },
      '/v1/telephone-numbers/{tn}': {
        get: {
          operationId: 'getTelephoneNumber',
          summary:
            "One number's life in this deployment: its status now, the request and order that hold it, its history",
          parameters: [
            {
              name: 'tn',
              in: 'path',
              required: true,
              description: '10 digits or E.164 (+1…)',
              schema: { type: 'string', pattern: TELEPHONE_NUMBER_PATTERN },
            },
          ],
          responses: {
            '200': { description: 'The number', content: json(ref(telephoneNumberSchema, 'output')) },
            '400': { ...problem, description: 'Not a 10-digit NANP or +1 E.164 number' },
            '401': unauthorized,
            '404': { ...problem, description: 'No hosting request has named this number' },
            '503': unavailable,
          },
        },
      },
      '/v1/hosting-requests/{id}/cancel': {
        post: {
          operationId: 'cancelHostingRequest',
          summary: 'Cancel: before the order exists it stops; after, hosted numbers are un-hosted once the order ends',
          parameters: [idParam],
          requestBody: { required: false, content: json(ref(cancelBodySchema, 'input')) },
          responses: {
            '202': { description: 'Cancellation asked for', content: json(ref(cancelAcceptedSchema, 'output')) },
            '400': problem,
            '401': unauthorized,
            '404': notFound,
            '409': { ...problem, description: 'The request has ended' },
            '503': unavailable,
          },
        },
      },
      '/webhooks/bandwidth/orders': {
        post: {
          operationId: 'bandwidthOrderNotification',
          summary: "Bandwidth's order Notification callback (Basic challenge flow)",
          security: [{ callbackBasic: [] }],
          requestBody: {
            required: true,
            content: {
              'application/xml': {
                schema: { type: 'string', maxLength: 65536 },
                example:
                  '<?xml version="1.0"?><Notification><SubscriptionId>…</SubscriptionId><OrderType>importtnorders</OrderType><OrderId>b05de7e6-0cab-4c83-81bb-9379cba8efd0</OrderId><CustomerOrderId>marktestorders</CustomerOrderId><Status>COMPLETE</Status></Notification>',
              },
            },
          },
          responses: {
            '200': {
              description: 'Signalled to the request (or the request had already ended)',
              content: json(ref(webhookAnswerSchema, 'output')),
            },
            '202': {
              description: 'Well-formed, but for an order this service does not know (or another order type)',
              content: json(ref(webhookAnswerSchema, 'output')),
            },
            '400': { ...problem, description: 'Malformed notification' },
            '401': {
              ...problem,
              description: 'Missing or wrong callback credentials; carries `WWW-Authenticate: Basic`',
            },
            '413': { ...problem, description: 'Body too large' },
            '503': unavailable,
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          security: [],
          summary: 'The process runs',
          responses: { '200': { description: 'Alive', content: json(ref(healthSchema, 'output')) } },
        },
      },
      '/readyz': {
        get: {
          operationId: 'ready',
          security: [],
          summary: "Temporal and hostflow's database are reachable",
          responses: {
            '200': { description: 'Ready', content: json(ref(readinessSchema, 'output')) },
            '503': {
              description: 'Temporal or the database unavailable (`checks` says which)',
              content: json(ref(readinessSchema, 'output')),
            },
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          security: [],
          summary: 'Prometheus metrics: API requests, webhook outcomes, and the worker runtime when in the same stack',
          responses: {
            '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } },
          },
        },
      },
      '/docs': {
        get: {
          operationId: 'docs',
          security: [],
          summary: 'This document as a readable page',
          responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApi',
          security: [],
          summary: 'This document',
          responses: {
            '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
    },
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'One of API_KEYS (when configured)' },
        callbackBasic: { type: 'http', scheme: 'basic', description: 'WEBHOOK_USERNAME / WEBHOOK_PASSWORD' },
      },
    },
  };
}
