# bash completion for termhost and the RDS commands: logoff, query, qwinsta, tscon, msg, ...
# Completes command names, each command's switches, and the IDs, names and users of live sessions
# (from "termhost query session /format:json"; none when /server: names another host).
#   source scripts/completion/termhost.bash        or install it as a bash-completion file
# The tables below are those of the commands' /? texts (the same that make the manual pages):
# CompletionTableTest (man module) fails when a command, switch or value differs from them.

# the words a command is typed as, after "termhost" or on their own
_termhost_commands=("query session" qwinsta "query user" quser "query process" qprocess logoff
  "reset session" "reset winsta" rwinsta tsdiscon tscon msg "change logon" chglogon audit rights config serve)
# the names with a command of their own on the PATH (the others only as "termhost <name>")
_termhost_names=(query qwinsta quser qprocess logoff reset rwinsta tsdiscon tscon msg change chglogon termhost)

# the switches each command's /? syntax lines name; a switch ending in ":" takes a value
declare -gA _termhost_switches=(
  ["query session"]="/server: /format:" [qwinsta]="/server: /format:"
  ["query user"]="/server: /format:" [quser]="/server: /format:"
  ["query process"]="/id: /server: /format:" [qprocess]="/id: /server: /format:"
  [logoff]="/server: /v /state:"
  ["reset session"]="/server: /v /state:" ["reset winsta"]="/server: /v /state:" [rwinsta]="/server: /v /state:"
  [tsdiscon]="/server: /v"
  [tscon]="/dest: /password: /v"
  [msg]="/server: /time: /v /w"
  ["change logon"]="/query /enable /disable /drain /drainuntilrestart /server:"
  [chglogon]="/query /enable /disable /drain /drainuntilrestart /server:"
  [audit]="/limit:" [rights]="/grant: /deny: /revoke: /reset" [config]="/server:"
  [serve]="--listen --state-dir --set"
)
# what an argument that is not a switch may be: session IDs, session names, user names
declare -gA _termhost_targets=(
  ["query session"]="names users ids" [qwinsta]="names users ids"
  ["query user"]="users names ids" [quser]="users names ids"
  ["query process"]="users names" [qprocess]="users names"
  [logoff]="names ids"
  ["reset session"]="names ids" ["reset winsta"]="names ids" [rwinsta]="names ids"
  [tsdiscon]="ids names" [tscon]="ids names" [msg]="users names ids"
  [rights]="users"
)
# the values a switch's /? text writes out, and the switches whose value is a live session's
declare -gA _termhost_values=([/state:]="disc active" [/format:]="json")
declare -gA _termhost_session_values=([/id:]=ids [/dest:]=names)

# Prints the live sessions' "ids", "names" or "users", one a line. $1: the client to ask.
_termhost_sessions() {
  local client=$1 kind=$2 line id name user
  while IFS= read -r line; do
    [[ $line =~ \"SessionId\":\ ([0-9]+) ]] || continue
    id=${BASH_REMATCH[1]}
    # listener rows (ssh) are not sessions anyone logs off or connects to
    [[ $line == *'"SessionState": "STATE_LISTEN"'* ]] && continue
    name='' user=''
    [[ $line =~ \"SessionName\":\ \"([^\"]*)\" ]] && name=${BASH_REMATCH[1]}
    [[ $line =~ \"UserName\":\ \"([^\"]*)\" ]] && user=${BASH_REMATCH[1]}
    case $kind in
      ids) echo "$id" ;;
      names) [[ -n $name ]] && echo "$name" ;;
      users) [[ -n $user ]] && echo "$user" ;;
    esac
  done < <("$client" query session /format:json 2>/dev/null </dev/null)
}

_termhost() {
  # the word being completed as typed: bash splits words at ':', '@' and '=' (COMP_WORDBREAKS)
  local line=${COMP_LINE:0:COMP_POINT}
  local cur=${line##*[[:space:]]}
  local -a words
  read -r -a words <<<"${line%"$cur"}"
  local client=termhost
  # "./termhost logoff <TAB>" asks the launcher it runs
  if [[ ${words[0]##*/} == termhost ]]; then
    client=${words[0]}
    words=("${words[@]:1}")
  fi
  local command c first=${words[0],,}
  command=$(_termhost_command "${words[@]}")
  local -a candidates=()
  if [[ -z $command ]]; then
    if [[ ${#words[@]} -eq 0 || (${#words[@]} -eq 1 && $first == help) ]]; then
      # a command's first word; after "termhost" alone also help and the GNU switches
      for c in "${_termhost_commands[@]}"; do candidates+=("${c%% *}"); done
      [[ ${#words[@]} -eq 0 ]] && candidates+=(help --help --version)
    elif [[ ${#words[@]} -eq 1 ]]; then
      # the second word of query, reset, change
      for c in "${_termhost_commands[@]}"; do
        [[ $c == "$first "* ]] && candidates+=("${c#* }")
      done
    fi
  elif [[ $cur == /*:* ]]; then
    local switch=${cur%%:*}:
    switch=${switch,,}
    if [[ -n ${_termhost_values[$switch]} ]]; then
      for c in ${_termhost_values[$switch]}; do candidates+=("${cur%%:*}:$c"); done
    elif [[ -n ${_termhost_session_values[$switch]} ]] && ! _termhost_remote "${words[@]}"; then
      while IFS= read -r c; do candidates+=("${cur%%:*}:$c"); done \
        < <(_termhost_sessions "$client" "${_termhost_session_values[$switch]}")
    fi
  elif [[ $cur == [/-]* ]]; then
    read -r -a candidates <<<"${_termhost_switches[$command]}"
    candidates+=("/?")
  elif [[ -n ${_termhost_targets[$command]} ]] && ! _termhost_remote "${words[@]}"; then
    local kind
    for kind in ${_termhost_targets[$command]}; do
      while IFS= read -r c; do candidates+=("$c"); done < <(_termhost_sessions "$client" "$kind")
    done
  fi
  # those that go on from what is typed, a switch whatever its case; bash replaces only the part
  # after the last word-break character ("/state:" + "di"), so the reply leaves out what comes before
  local typed=${cur%"${cur##*[:@=]}"}
  local -A seen=()
  COMPREPLY=()
  for c in "${candidates[@]}"; do
    [[ ${c,,} == "${cur,,}"* && -z ${seen[$c]} ]] && COMPREPLY+=("${c:${#typed}}") && seen[$c]=1
  done
  # a switch that takes a value is not finished by a space
  [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *: ]] && compopt -o nospace 2>/dev/null
  return 0
}

# Prints the command of the table that the words begin with (the one of most words), if any.
_termhost_command() {
  local c best='' best_words=0 i
  local -a cw
  for c in "${_termhost_commands[@]}"; do
    read -r -a cw <<<"$c"
    [[ $# -ge ${#cw[@]} && ${#cw[@]} -gt $best_words ]] || continue
    for i in "${!cw[@]}"; do
      local arg=${*:i+1:1}
      [[ ${arg,,} == "${cw[i]}" ]] || continue 2
    done
    best=$c best_words=${#cw[@]}
  done
  printf '%s' "$best"
}

# True when the line names another server: this host's sessions are not the ones meant.
_termhost_remote() {
  local w
  for w in "$@"; do [[ ${w,,} == /server:* ]] && return 0; done
  return 1
}

complete -F _termhost "${_termhost_names[@]}"
