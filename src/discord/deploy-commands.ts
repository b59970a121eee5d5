/**
 * `npm run deploy-commands`: register the slash commands with Discord in one bulk PUT — to DISCORD_GUILD_ID's
 * guild when set (instant, for testing), else globally (may take up to an hour to show everywhere).
 */
import { REST, Routes } from 'discord.js';
import { ConfigError, loadConfig } from './config.js';
import { loadCommands } from './load-commands.js';

export async function deployCommands(env: NodeJS.ProcessEnv = process.env): Promise<{ count: number; scope: string }> {
  const config = loadConfig(env, { needClientId: true });
  const commands = await loadCommands();
  const body = [...commands.values()].map((c) => c.data.toJSON());
  const rest = new REST(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE } : {}).setToken(config.DISCORD_TOKEN);
  const clientId = config.DISCORD_CLIENT_ID!;
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(clientId, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(clientId);
  await rest.put(route, { body });
  return {
    count: body.length,
    scope: config.DISCORD_GUILD_ID ? `guild ${config.DISCORD_GUILD_ID}` : 'all servers (global; may take up to an hour)',
  };
}

/** What an operator reads when registering fails: which setting to look at, and how to fix it. */
export function deployFailure(err: Error & { status?: number; code?: string | number; cause?: unknown }, env: NodeJS.ProcessEnv): string {
  if (err instanceof ConfigError) return err.message;
  const cause = err.cause as { code?: unknown } | undefined;
  const network = (typeof cause?.code === 'string' ? cause.code : undefined) ?? (typeof err.code === 'string' ? err.code : undefined);
  if (err.status === 401)
    return 'error: Discord rejected DISCORD_TOKEN; reset it in the Developer Portal (Bot → Reset Token) and update .env.';
  if (err.status === 403)
    return env.DISCORD_GUILD_ID
      ? "error: Discord refused to register the commands in DISCORD_GUILD_ID's server (403): invite the bot to that server with the applications.commands scope, or check the server id."
      : 'error: Discord refused to register the commands (403): check that DISCORD_CLIENT_ID is the application of this DISCORD_TOKEN.';
  if (err.status === 404)
    // With another API base, a wrong base answers 404 to every path: it is the first thing to check.
    return env.DISCORD_API_BASE
      ? `error: ${env.DISCORD_API_BASE} knows no such application or server (404): check DISCORD_API_BASE (unset it to use Discord's own API, or give the API's base URL, such as http://127.0.0.1:8080/api), then DISCORD_CLIENT_ID and DISCORD_GUILD_ID.`
      : 'error: Discord knows no such application or server (404): check DISCORD_CLIENT_ID (General Information → Application ID) and DISCORD_GUILD_ID.';
  if (network && /^E[A-Z]+$/.test(network))
    return env.DISCORD_API_BASE
      ? `error: cannot reach Discord (${network} at ${env.DISCORD_API_BASE}); check the network, or unset DISCORD_API_BASE to use Discord's own address.`
      : `error: cannot reach Discord (${network}); check this machine's network connection and DNS.`;
  return `error: could not register the commands: ${err.message}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  deployCommands().then(
    ({ count, scope }) => {
      console.log(`Registered ${count} commands for ${scope}.`);
    },
    (err: Error & { status?: number; code?: string | number }) => {
      console.error(deployFailure(err, process.env));
      process.exitCode = 1;
    },
  );
}
