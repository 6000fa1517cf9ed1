# A bash script for linux/dyn/bash: functions, arrays, arithmetic,
# here-documents, subshells, pipes, command substitution, traps, read.
set -u
fib() { local n=$1; if [ "$n" -lt 2 ]; then echo "$n"; else echo $(( $(fib $((n-1))) + $(fib $((n-2))) )); fi; }
echo "fib 10 = $(fib 10)"
declare -a arr=(pear apple fig "two words")
declare -A map=([one]=1 [two]=2 [three]=3)
echo "count ${#arr[@]}, last '${arr[3]}', sorted: $(printf '%s\n' "${arr[@]}" | sort | tr '\n' ',')"
for k in $(printf '%s\n' "${!map[@]}" | sort); do printf '%s=%s ' "$k" "${map[$k]}"; done; echo
s="Hello, World"; echo "${s,,} ${s^^} ${s/World/bash} ${#s} ${s:7:3}"
cat <<END | while read -r a b; do echo "$b $a"; done
first line
second row
END
( cd /; echo "subshell in $(pwd)" ); echo "still in $(basename "$PWD")"
trap 'echo "trap on exit"' EXIT
x=0; while (( x < 5 )); do (( x += 2 )); done; echo "x=$x"
case "abc.tar.gz" in *.tar.gz) echo "tarball ${s%%,*}";; esac
printf '%05.1f|%-6s|%x\n' 3.14159 left 255
echo "status of false: $(false; echo $?)"
