import { passwordProblem } from './password-policy';

describe('password rules', () => {
  const email = 'ada.lovelace@example.com';

  it.each([
    ['a long enough password'],
    ['  padded but long enough  '],
    ['ada.lovelace@example.org'], // another address is just a long string
  ])('accepts %j', (password) => {
    expect(passwordProblem(password, email)).toBeNull();
  });

  it.each([
    ['short', 'PASSWORD_TOO_SHORT'],
    ['123456789', 'PASSWORD_TOO_SHORT'], // 9 characters
    ['          ', 'PASSWORD_TOO_SHORT'], // ten spaces
    ['   abcdefgh   ', 'PASSWORD_TOO_SHORT'], // 8 once trimmed
    ['ada.lovelace@example.com', 'WEAK_PASSWORD'],
    ['ADA.Lovelace@Example.COM', 'WEAK_PASSWORD'],
    ['  ada.lovelace@example.com\t', 'WEAK_PASSWORD'],
    ['ada.lovelace @ example.com', 'WEAK_PASSWORD'],
    ['Ada.Lovelace', 'WEAK_PASSWORD'], // the part before the @
  ])('refuses %j (%s)', (password, reason) => {
    expect(passwordProblem(password, email)?.reason).toBe(reason);
  });

  it('accepts exactly ten characters', () => {
    expect(passwordProblem('0123456789', email)).toBeNull();
  });
});
