import { CliUsageError } from './remote/exit-codes.js';

const COMMANDS: Record<string, string[]> = {
  start: [], migrate: [], bootstrap: [], users: ['disable', 'enable'], audit: ['verify'], gateway: ['check', 'routes'],
  'service-credentials': ['create', 'list', 'revoke'],
  keys: ['create', 'list', 'get', 'update', 'rotate', 'revoke'],
  clients: ['create', 'list', 'get', 'update', 'rotate-secret', 'delete'],
  agents: ['create', 'list', 'get', 'update', 'revoke'],
  members: ['list', 'invite', 'set-role', 'remove'],
  workspaces: ['list', 'create'],
  events: ['tail', 'list'], usage: [], completion: ['bash', 'zsh'], help: [],
};

/** `warden completion bash|zsh`: a completion script for commands and sub-commands (`source <(warden completion bash)`). */
export function runCompletion(args: string[]): void {
  const shell = args[0];
  if (shell !== 'bash' && shell !== 'zsh') throw new CliUsageError('usage: warden completion bash|zsh   (then: source <(warden completion bash))');
  const cases = Object.entries(COMMANDS).filter(([, subs]) => subs.length)
    .map(([command, subs]) => `    ${command}) COMPREPLY=($(compgen -W "${subs.join(' ')}" -- "$cur")) ;;`).join('\n');
  const script = `# warden ${shell} completion
_warden() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${Object.keys(COMMANDS).join(' ')}" -- "$cur"))
    return
  fi
  if [ "$COMP_CWORD" -eq 2 ]; then
    case "\${COMP_WORDS[1]}" in
${cases}
    esac
    return
  fi
  COMPREPLY=($(compgen -W "--json" -- "$cur"))
}
${shell === 'zsh' ? 'autoload -U +X bashcompinit && bashcompinit\n' : ''}complete -F _warden warden
`;
  process.stdout.write(script);
}
