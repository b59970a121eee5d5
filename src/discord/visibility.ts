/**
 * Who sees a command's reply: the member alone, or the channel. /ask and /timeline take a `private:` option;
 * without it, the server's DEFAULT_PRIVATE decides (public unless the operator says otherwise).
 */
import type { ChatInputCommandInteraction, SlashCommandBooleanOption } from 'discord.js';
import type { Config } from './config.js';
import type { Visibility } from './types.js';

export const PRIVATE_OPTION = 'private';

/** The `private:` option, added to a command's builder with `.addBooleanOption(privateOption)`. */
export function privateOption(o: SlashCommandBooleanOption): SlashCommandBooleanOption {
  return o.setName(PRIVATE_OPTION).setDescription('Only you see the reply (default: as the server is set up, usually public)');
}

/** The reply's visibility: the member's `private:` choice, else the server's default. */
export function replyVisibility(interaction: ChatInputCommandInteraction, config: Config): Visibility {
  return (interaction.options.getBoolean(PRIVATE_OPTION) ?? config.DEFAULT_PRIVATE) ? 'ephemeral' : 'public';
}
