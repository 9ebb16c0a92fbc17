#!/usr/bin/env bash
# Kill trials (issue 23): start a ds3 command, send SIGINT, SIGTERM or SIGKILL at a random moment, then check
#   - the exit status (130 for SIGINT, 143 for SIGTERM; SIGKILL cannot be caught);
#   - no process the trial started (ds3 children, gnuplot) is alive 3 s later;
#   - after the next (completing) run into the same folder, no `.tmp-*` / `.plot-*` temporary file is left;
#   - a notebook copy is either unchanged or fully rewritten, never half-written.
# Scenarios, in turn: `ds3 figures all --out DIR`, `ds3 notebook run --commands-only COPY.md`,
# `ds3 figures run tri-A-a --plot png --out DIR`. Not part of `swift test`.
#
# Usage: Tests/fault-trials.sh [TRIALS] [DS3]     (default 50 trials; the release binary if built, else debug)
set -u
trials=${1:-50}
root=$(cd "$(dirname "$0")/.." && pwd)
ds3=${2:-}
if [[ -z $ds3 ]]; then
    if [[ -x $root/.build/release/ds3 ]]; then ds3=$root/.build/release/ds3; else ds3=$root/.build/debug/ds3; fi
fi
work=$(mktemp -d /tmp/ds3-fault-trials.XXXXXX)
trap 'rm -rf "$work"' EXIT
notebook=$root/notebooks-md/which-strategy-when.md
signals=(INT TERM KILL)
scenarios=(figures-all notebook-run plot)
bad_status=0 survivors=0 strays=0 torn=0 ran=0 finished=0
declare -A per_signal

# Processes whose environment carries this trial's marker (the children inherit ds3's environment).
marked() {
    grep -l -a "DS3_FAULT_TRIAL=$1" /proc/[0-9]*/environ 2>/dev/null | sed 's#/proc/\([0-9]*\)/environ#\1#' |
        while read -r pid; do
            state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || continue
            [[ $state != Z ]] && echo "$pid"
        done
}

temporaries() { find "$1" -maxdepth 1 \( -name '.*.tmp-*' -o -name '.plot-*' \) 2>/dev/null; }

# The command line of a scenario, writing into $dir.
set_command() {
    case $1 in
    figures-all) command=("$ds3" figures all --out "$dir") ;;
    notebook-run)
        cp "$notebook" "$dir/copy.md"
        command=("$ds3" notebook run --commands-only "$dir/copy.md")
        ;;
    plot) command=("$ds3" figures run tri-A-a --plot png --out "$dir") ;;
    esac
}

# Longest random delay (ms) before the signal, per scenario: the command's running time, measured once (figures
# all is capped at 10 s: the interesting moments, the first large files, come early).
declare -A max_delay
for scenario in "${scenarios[@]}"; do
    dir=$work/measure-$scenario
    mkdir -p "$dir"
    set_command "$scenario"
    start=$(date +%s%N)
    (cd "$root" && timeout 10 "${command[@]}" >/dev/null 2>&1)
    ms=$((($(date +%s%N) - start) / 1000000))
    max_delay[$scenario]=$((ms < 20 ? 20 : ms))
    echo "$scenario: runs ${ms} ms; signals sent within the first ${max_delay[$scenario]} ms"
done

for ((t = 0; t < trials; t++)); do
    scenario=${scenarios[$((t % 3))]}
    signal=${signals[$(((t / 3) % 3))]}
    dir=$work/$scenario
    mkdir -p "$dir"
    set_command "$scenario"
    delay_ms=$((RANDOM % ${max_delay[$scenario]}))
    (cd "$root" && DS3_FAULT_TRIAL=$t exec "${command[@]}" >/dev/null 2>&1) &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -s "$signal" "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
    status=$?
    ran=$((ran + 1))
    per_signal[$signal]=$((${per_signal[$signal]:-0} + 1))
    # 0: the command finished before the signal.
    [[ $status == 0 ]] && finished=$((finished + 1))
    case $signal in
    INT) expected=130 ;;
    TERM) expected=143 ;;
    KILL) expected=137 ;;
    esac
    if [[ $status != 0 && $status != "$expected" ]]; then
        bad_status=$((bad_status + 1))
        echo "trial $t ($scenario, SIG$signal after ${delay_ms} ms): exit status $status, expected $expected"
    fi
    if [[ $signal != KILL ]]; then
        left=$(temporaries "$dir")
        if [[ -n $left ]]; then
            strays=$((strays + 1))
            echo "trial $t ($scenario, SIG$signal): temporary files right after the signal: $left"
        fi
    fi
    sleep 3
    alive=$(marked "$t")
    if [[ -n $alive ]]; then
        survivors=$((survivors + 1))
        echo "trial $t ($scenario, SIG$signal after ${delay_ms} ms): processes alive 3 s later: $alive"
        for p in $alive; do kill -KILL "$p" 2>/dev/null; done
    fi
    if [[ $scenario == notebook-run ]] && ! cmp -s "$notebook" "$dir/copy.md"; then
        # Rewritten: must still be a whole notebook (same cell count, ends like the original).
        if [[ $(grep -c '^```' "$dir/copy.md") != $(grep -c '^```' "$notebook") ]]; then
            torn=$((torn + 1))
            echo "trial $t: notebook copy half-written"
        fi
    fi
    # The next run into the same folder (a short one that completes) removes what a SIGKILL left.
    (cd "$root" && "$ds3" figures run tri-B-b --out "$dir" >/dev/null 2>&1)
    # The notebook's cells write into /tmp/ds3kit-notebook.
    [[ $scenario == notebook-run ]] && (cd "$root" && "$ds3" figures run tri-B-b --out /tmp/ds3kit-notebook >/dev/null 2>&1)
    left=$(temporaries "$dir")
    [[ $scenario == notebook-run ]] && left+=$(temporaries /tmp/ds3kit-notebook)
    if [[ -n $left ]]; then
        strays=$((strays + 1))
        echo "trial $t ($scenario, SIG$signal): temporary files after the next run: $left"
    fi
done
echo "trials: $ran (SIGINT ${per_signal[INT]:-0}, SIGTERM ${per_signal[TERM]:-0}, SIGKILL ${per_signal[KILL]:-0});" \
    "finished before the signal: $finished"
echo "unexpected exit status: $bad_status; surviving processes: $survivors; stray temporary files: $strays;" \
    "half-written notebooks: $torn"
[[ $bad_status == 0 && $survivors == 0 && $strays == 0 && $torn == 0 ]]
