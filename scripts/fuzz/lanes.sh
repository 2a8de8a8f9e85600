# shellcheck shell=bash
# Work lanes over a queue of names, for fuzz.sh: each lane takes the next unclaimed name in queue order.
# A lane claims a name by moving its file out of queue/ into claimed/: the move succeeds for one lane
# only, and a claimed file can never match a later glob of queue/ (a claim renamed inside queue/ would,
# and a lane that started after the rename would claim it a second time under its new name).

# lanes_queue <dir> <name>...: queues the names in the order given.
lanes_queue() {
  local dir="$1" i=0 name; shift
  mkdir -p "$dir/queue" "$dir/claimed"
  for name in "$@"; do : >"$dir/queue/$(printf '%03d' "$i")-$name"; i=$((i + 1)); done
}

# lanes_take <dir> <command>: runs `<command> <name>` for each name it claims, until the queue is empty.
lanes_take() {
  local dir="$1" command="$2" f file
  for f in "$dir"/queue/*-*; do
    file="${f##*/}"
    mv "$f" "$dir/claimed/$file" 2>/dev/null || continue
    "$command" "${file#*-}"
  done
}

# lanes_run <dir> <lanes> <command>: <lanes> lanes at once over the queue; fails when any lane failed.
lanes_run() {
  local dir="$1" count="$2" command="$3" pids=() pid failed=0
  for _ in $(seq "$count"); do lanes_take "$dir" "$command" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  return "$failed"
}
