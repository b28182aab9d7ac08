import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.js';
import { changeOf, checkValues, emptyValues, inputOf, splitRefusal } from './contactForm.js';

const filled = { ...emptyValues('ja'), name: ' 当番 ', phone: '03-1234-5678', phoneLabel: '携帯' };

describe('the contact form', () => {
  it('asks for a name and one way to reach the contact before asking the server', () => {
    expect(checkValues(emptyValues('ja'))).toEqual({
      name: 'contacts.required',
      email: 'contacts.problem.contacts.no_channel',
    });
    expect(checkValues(filled)).toEqual({});
  });

  it('leaves empty channels out of a new contact and clears them in a change', () => {
    const input = inputOf(filled);
    expect(input).toMatchObject({ name: '当番', phones: [{ number: '03-1234-5678', label: '携帯' }] });
    expect(input).not.toHaveProperty('email');
    expect(changeOf(filled)).toMatchObject({ email: null, webhookUrl: null });
  });

  it('puts a refusal at the field it is about', () => {
    expect(splitRefusal(new ApiError(422, 'contacts.webhook_url_not_https', '')).byField).toEqual({
      webhookUrl: 'contacts.problem.contacts.webhook_url_not_https',
    });
    expect(splitRefusal(new ApiError(422, 'contacts.webhook_url_port_not_allowed', '')).byField).toEqual({
      webhookUrl: 'contacts.problem.contacts.webhook_url_port_not_allowed',
    });
    const schema = new ApiError(400, 'request.validation_failed', '', [
      { path: 'body/phones/1/number', message: 'pattern' },
      { path: 'body/businessHours/end', message: 'pattern' },
      { path: 'body/email', message: 'format' },
    ]);
    expect(splitRefusal(schema)).toEqual({
      byField: { phone2: 'contacts.invalid', end: 'contacts.invalid', email: 'contacts.invalid' },
      rest: null,
    });
    const other = new ApiError(404, 'contacts.not_found', '');
    expect(splitRefusal(other)).toEqual({ byField: {}, rest: other });
  });
});
