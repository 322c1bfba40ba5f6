export const MIN_PASSWORD_LENGTH = 10;

export interface PasswordProblem {
  message: string;
  reason: 'PASSWORD_TOO_SHORT' | 'WEAK_PASSWORD';
}

// Whitespace and case do not make an email a different password.
const canonical = (text: string): string => text.replace(/\s+/g, '').toLowerCase();

/**
 * Why `password` may not be used by the account `email`, or null. At least
 * MIN_PASSWORD_LENGTH characters once surrounding whitespace is trimmed (so ten spaces are not a
 * password), and not the email address, nor its part before the @, in any case or spacing.
 */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  if (password.trim().length < MIN_PASSWORD_LENGTH) {
    return {
      message: `password must be at least ${MIN_PASSWORD_LENGTH} characters long`,
      reason: 'PASSWORD_TOO_SHORT',
    };
  }
  const candidate = canonical(password);
  const address = canonical(email);
  const localPart = address.split('@')[0];
  if (candidate === address || candidate === localPart) {
    return { message: 'The password must not be your email address', reason: 'WEAK_PASSWORD' };
  }
  return null;
}
