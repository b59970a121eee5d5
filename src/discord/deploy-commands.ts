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

if (import.meta.url === `file://${process.argv[1]}`) {
  deployCommands().then(
    ({ count, scope }) => {
      console.log(`Registered ${count} commands for ${scope}.`);
    },
    (err: Error & { status?: number }) => {
      if (err instanceof ConfigError) console.error(err.message);
      else if (err.status === 401)
        console.error('error: Discord rejected DISCORD_TOKEN; reset it in the Developer Portal and update .env.');
      else console.error(`error: could not register the commands: ${err.message}`);
      process.exitCode = 1;
    },
  );
}
