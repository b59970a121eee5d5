/**
 * Named checks a command runs before it answers (as Sapphire's preconditions): each throws UserError, whose
 * message the member sees privately, to refuse.
 */
import { PermissionFlagsBits, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from './types.js';

/** What makes a member a moderator here: the corpus is theirs to change. */
export const MODERATOR_PERMISSION = PermissionFlagsBits.ManageGuild;

/**
 * The member is in a server and has Manage Server. Commands also set it as their default member permission,
 * so Discord hides them from others, but server settings can override that: this check is the one that counts.
 */
export function requireModerator(interaction: ChatInputCommandInteraction | ButtonInteraction, action: string): void {
  if (!interaction.inGuild() || !interaction.memberPermissions?.has(MODERATOR_PERMISSION)) {
    throw new UserError(`Only moderators with the Manage Server permission can ${action}.`);
  }
}
