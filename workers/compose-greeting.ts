import type { WorkerModule } from './worker-module.ts';

interface Input {
  name?: string;
  language?: string;
}

const GREETINGS: Record<string, string> = { en: 'Welcome', de: 'Willkommen', fr: 'Bienvenue', es: 'Bienvenido' };

/** Composes the greeting of the welcome process; an unknown language is a business error. */
const composeGreeting: WorkerModule = {
  taskType: 'baton.compose-greeting',
  taskHandler: (job) => {
    const { name, language = 'en' } = job.variables as Input;
    if (!name) return job.error({ errorCode: 'MISSING_NAME', errorMessage: 'a name is required to greet someone', variables: {} });
    const word = GREETINGS[language];
    if (!word) return job.error({ errorCode: 'UNKNOWN_LANGUAGE', errorMessage: `no greeting for language '${language}'`, variables: {} });
    return job.complete({ greeting: `${word}, ${name}!` });
  },
};

export default composeGreeting;
