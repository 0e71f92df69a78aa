import type { DocumentBuilder } from '@nestjs/swagger';

// The error envelope (error.filter.ts) as OpenAPI documents it (the ErrorEnvelope component): every operation's 4XX
// and 5XX answers.
export const ERROR_ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'Stable machine code of the error', example: 'VALIDATION_FAILED' },
    message: { type: 'string', description: 'English text for people; translate by `code`' },
    errors: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'English text per field (nested fields as `episodes[0].country`)',
      example: { password: 'is too common; choose another', lastName: 'must be shorter than or equal to 100 characters' },
    },
    fieldCodes: {
      type: 'object',
      additionalProperties: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
      description:
        'Stable machine code per field of `errors` (same keys), for clients to translate: REQUIRED, TOO_LONG, TOO_SHORT, NOT_ONE_OF, PASSWORD_TOO_COMMON… (libs/shared/src/errors/field-codes.ts), the error’s own `code` for errors that name one problem (EMAIL_TAKEN), INVALID when nothing more specific is known',
      example: { password: 'PASSWORD_TOO_COMMON', lastName: 'TOO_LONG' },
    },
    fieldParams: {
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
      description: 'The numbers some field codes name (TOO_LONG → max, TOO_SHORT → min, AGE_OUT_OF_RANGE → min and max)',
      example: { lastName: { max: 100 } },
    },
  },
  additionalProperties: true,
} as const;

const ref = { $ref: '#/components/schemas/ErrorEnvelope' };
type OpenApiConfig = ReturnType<DocumentBuilder['build']>;
type Schema = NonNullable<NonNullable<OpenApiConfig['components']>['schemas']>[string];

// Adds the envelope as the ErrorEnvelope component and names it as every operation's 4XX and 5XX answer.
export function withErrorEnvelope(builder: DocumentBuilder): OpenApiConfig {
  const config = builder
    .addGlobalResponse(
      { status: '4XX', description: 'Refused: the error envelope', schema: ref },
      { status: '5XX', description: 'Failed on the server: the error envelope', schema: ref },
    )
    .build();
  config.components = { ...config.components, schemas: { ...config.components?.schemas, ErrorEnvelope: ERROR_ENVELOPE_SCHEMA as unknown as Schema } };
  return config;
}
