import { describe, expect, it } from 'vitest';
import schema from '../../../openapi.json';
// @ts-expect-error - a plain ES module script without types
import { fieldLimits } from '../../../scripts/gen-field-limits.mjs';
import { FIELD_LIMITS } from './field-limits';

describe('field limits', () => {
  it('are the ones the committed API schema declares (run `make schema` after an API change)', () => {
    expect(FIELD_LIMITS).toEqual(fieldLimits(schema));
    expect(FIELD_LIMITS.AgentTicketRequest.title).toBe(200);
  });
});
