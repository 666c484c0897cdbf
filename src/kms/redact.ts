// The secret fields of the API's bodies: the import token and the wrapped key material. Hidden
// from every trace, message and preview of a body.
const SECRET_FIELDS = ['ImportToken', 'EncryptedKeyMaterial'];

/** A JSON body with its secret fields redacted (a body that is not JSON is shown as it is). */
export function redactBody(body: string): string {
  if (!SECRET_FIELDS.some((field) => body.includes(field))) return body;
  try {
    return JSON.stringify(JSON.parse(body), (key, value: unknown) =>
      SECRET_FIELDS.includes(key) ? '[redacted]' : value,
    );
  } catch {
    return '[a body with secret fields, not shown]';
  }
}
