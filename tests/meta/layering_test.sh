#!/usr/bin/env bash
# The layering of DESIGN.md, checked on the sources: a module may include the headers of
# the modules it is allowed to depend on (transitively) and no others, and its CMake
# DEPENDS (written by the build to modules.txt) must be allowed too. The shared developer
# build also links every module with --no-undefined, which catches wrong-way symbol use.
#   layering_test.sh SOURCE_DIR MODULES_TXT
set -euo pipefail
src=$1/src modules_txt=$2

# Allowed direct dependencies (DESIGN.md, "Layers"). Add a module here when it lands.
declare -A allowed=(
  [_core]=""
  [_sys]="_core"
  [errno]="_core"
  [time]="_sys _core"
  [os]="_sys _core time"
  [io]="os _sys _core"
  [logging]="io time os _sys _core"
  [platform]="os _sys _core"
  [ctypes]="_sys _core"
)

closure() {  # all modules reachable from $1 through allowed[]
  local seen=" $1 " queue=($1) m d
  while ((${#queue[@]})); do
    m=${queue[0]}; queue=("${queue[@]:1}")
    for d in ${allowed[$m]-}; do
      [[ $seen == *" $d "* ]] || { seen+="$d "; queue+=("$d"); }
    done
  done
  echo "$seen"
}

module_of_header() {  # include path -> module that owns it
  case $1 in
    pyos/exceptions.hpp | pyos/pathlike.hpp) echo _core ;;
    pyos/pyos.hpp) echo umbrella ;;
    pyos/*/*) local rest=${1#pyos/}; echo "${rest%%/*}" ;;
    pyos/*.hpp) local base=${1#pyos/}; echo "${base%.hpp}" ;;
    _core/*) echo _core ;;
    _sys/*) echo _sys ;;
    *) echo "" ;;
  esac
}

fail=0
while read -r module deps; do
  module=${module%:}
  [[ -v allowed[$module] ]] || { echo "module $module is not in the layering table"; fail=1; continue; }
  ok=$(closure "$module")
  for d in $deps; do
    [[ $ok == *" $d "* ]] || { echo "$module DEPENDS on $d, which the layering forbids"; fail=1; }
  done
  [ -d "$src/$module" ] || continue
  while IFS=: read -r file _ inc; do
    header=$(sed -E 's/.*#include [<"]([^>"]+)[>"].*/\1/' <<<"$inc")
    owner=$(module_of_header "$header")
    [ -n "$owner" ] || continue
    [[ $ok == *" $owner "* ]] || { echo "$file includes $header ($owner), which $module may not use"; fail=1; }
  done < <(grep -rn '#include' "$src/$module" || true)
done <"$modules_txt"
[ $fail = 0 ] && echo "layering OK"
exit $fail
