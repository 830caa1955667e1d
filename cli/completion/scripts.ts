/** `kelos completion bash|zsh|fish`: scripts that ask `kelos __complete` for candidates. */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

const BASH = `# bash completion for kelos
# Load it with: source <(kelos completion bash)
_kelos_complete() {
  local cur out directive
  cur="\${COMP_WORDS[COMP_CWORD]}"
  out=$("\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return 0
  directive="\${out##*:}"
  out="\${out%:*}"
  local IFS=$'\\n'
  COMPREPLY=($(compgen -W "$out" -- "$cur"))
  if [[ $(( directive & 4 )) -eq 0 && \${#COMPREPLY[@]} -eq 0 ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _kelos_complete kelos
`;

const ZSH = `#compdef kelos
# zsh completion for kelos
# Load it with: source <(kelos completion zsh)
_kelos() {
  local -a words_before candidates
  local out directive
  words_before=("\${(@)words[2,CURRENT-1]}")
  out=$("\${words[1]}" __complete "\${words_before[@]}" "\${words[CURRENT]}" 2>/dev/null) || return 1
  directive="\${out##*:}"
  candidates=("\${(@f)\${out%:*}}")
  candidates=("\${(@)candidates:#}")
  if (( \${#candidates} > 0 )); then
    compadd -- "\${candidates[@]}"
  elif (( (directive & 4) == 0 )); then
    _files
  fi
}
if [[ "$funcstack[1]" = "_kelos" ]]; then
  _kelos "$@"
else
  compdef _kelos kelos
fi
`;

const FISH = `# fish completion for kelos
# Load it with: kelos completion fish | source
function __kelos_complete
  set -l words (commandline -opc)
  set -e words[1]
  set -l current (commandline -ct)
  kelos __complete $words "$current" 2>/dev/null | string match -v -r '^:[0-9]+$'
end
complete -c kelos -f -a '(__kelos_complete)'
`;

export function completionScript(shell: string): string {
  switch (shell) {
    case 'bash':
      return BASH;
    case 'zsh':
      return ZSH;
    case 'fish':
      return FISH;
    default:
      throw new Error(`unsupported shell "${shell}": must be one of bash, zsh, fish`);
  }
}
