// Texts every staff page shows the same way: the sign-in chrome and the
// contract's handoff reasons. Each page adds its own texts on top.

export const staffTexts = {
  nb: {
    skip: 'Hopp til innholdet',
    language: 'Språk',
    signIn: 'Logg inn',
    signOut: 'Logg ut',
    signInText: 'Du logger inn med virksomhetens innlogging.',
    signedInAs: (name, agency) => `${name}, ${agency}`,
    reasons: {
      out_of_scope: 'Utenfor botens område',
      citizen_asked_for_human: 'Ba om en person',
      complex_case: 'Sammensatt sak',
      risk: 'Fare for liv eller helse',
      language: 'Språk',
    },
  },
  en: {
    skip: 'Skip to content',
    language: 'Language',
    signIn: 'Sign in',
    signOut: 'Sign out',
    signInText: "You sign in with your agency's login.",
    signedInAs: (name, agency) => `${name}, ${agency}`,
    reasons: {
      out_of_scope: 'Outside the bot’s scope',
      citizen_asked_for_human: 'Asked for a person',
      complex_case: 'Complex case',
      risk: 'Risk to life or health',
      language: 'Language',
    },
  },
};
