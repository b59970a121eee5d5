// ESLint flat config: JavaScript's recommended rules plus typescript-eslint's, over every TypeScript file.
// Layering (imports only point down, no loops) is checked by tests/architecture.test.ts.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', '.snapshot/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Nothing below the Discord surface may know Discord.
    files: ['src/language/**', 'src/corpus/**', 'src/index/**', 'src/qa/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'discord.js', message: 'only src/discord/ and commands/ talk to Discord' }] }],
    },
  },
);
