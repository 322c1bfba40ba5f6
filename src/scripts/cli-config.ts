import { ConfigValidationError, loadAppConfig, type AppConfig } from '../config/app-config';

/**
 * The settings for a command-line script, or null after printing why they are invalid (the
 * script then ends with status 1): a misconfiguration is a message, not a stack trace.
 */
export function loadScriptConfig(): AppConfig | null {
  try {
    return loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(error.message);
      return null;
    }
    throw error;
  }
}
