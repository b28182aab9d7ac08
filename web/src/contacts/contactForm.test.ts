import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.js';
import {
  changedFields,
  changeOf,
  checkValues,
  emptyValues,
  inputOf,
  splitRefusal,
  valuesOf,
} from './contactForm.js';
import type { Contact } from './contacts.api.js';

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

  it('names in a change only the fields that differ from the contact as shown', () => {
    const shown: Contact = {
      id: 'c1',
      orgSlug: 'x',
      name: '当番',
      role: 'duty-officer',
      email: 'duty@x.example',
      phones: [{ label: '携帯', number: '090-1234-5678' }],
      // An administrator sees only the origin of a webhook URL: an edit must not send it back as the URL.
      webhookUrl: 'https://hooks.example.jp/…',
      locale: 'ja',
      availability: '24/7',
      timeZone: 'Asia/Tokyo',
      businessHours: { start: '09:00', end: '18:00' },
      order: 1,
      hasAccount: false,
      createdAt: '',
      updatedAt: '',
      verifiedAt: null,
      available: true,
    };
    expect(changedFields(valuesOf(shown), shown)).toEqual({});
    expect(changedFields({ ...valuesOf(shown), name: ' 副当番 ', phone2: '03-0000-0000' }, shown)).toEqual({
      name: '副当番',
      phones: [
        { number: '090-1234-5678', label: '携帯' },
        { number: '03-0000-0000', label: '' },
      ],
    });
    expect(changedFields({ ...valuesOf(shown), email: '' }, shown)).toEqual({ email: null });
  });

  it('puts a refusal at the field it is about', () => {
    expect(splitRefusal(new ApiError(422, 'contacts.webhook_url_not_https', '')).byField).toEqual({
      webhookUrl: 'contacts.problem.contacts.webhook_url_not_https',
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
