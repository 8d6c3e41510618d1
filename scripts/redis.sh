#!/usr/bin/env bash
# This bench's own Redis, as `bench init` / `bench setup redis` make it: one server for the cache and one
# for queues and realtime, on ports of this bench, recorded in config/redis_cache.conf and
# config/redis_queue.conf and in sites/common_site_config.json (redis_cache, redis_queue, redis_socketio).
# Two benches on one machine never share a key or a queue.
#   scripts/redis.sh config             write the configuration (a port, once chosen, is kept)
#   scripts/redis.sh start              configure, then start both servers in the background unless running
#   scripts/redis.sh stop               shut both down
#   scripts/redis.sh run cache|queue    for the Procfile: starts the server unless it runs (the set-up starts
#                                       both), follows it and shuts it down with this process
#   scripts/redis.sh url cache|queue    the URL Frappe uses
# With REDIS_URL set (a managed Redis) the bench uses it (db 0 cache, db 1 queues) and starts nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

REDIS_NAMES="cache queue"
REDIS_PIDS="$ROOT/config/pids"

# cache 13000 + n, queue 11000 + n (bench's defaults), n from the bench id so two benches differ
redis_base_port() {
	case $1 in cache) echo 13000 ;; queue) echo 11000 ;; *) die "unknown Redis: $1" ;; esac
}

port_taken() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

redis_port() {  # the recorded port, else the first free one from the bench's derived port
	local conf="$ROOT/config/redis_$1.conf" port
	if [ -f "$conf" ]; then
		port=$(awk '$1 == "port" {print $2}' "$conf")
		[ -n "$port" ] && { echo "$port"; return; }
	fi
	port=$(($(redis_base_port "$1") + 16#${BENCH_ID:0:6} % 1000))
	while port_taken "$port"; do port=$((port + 1)); done
	echo "$port"
}

redis_url() {
	if [ -n "$REDIS_URL" ]; then
		[ "$1" = cache ] && echo "$REDIS_URL/0" || echo "$REDIS_URL/1"
	else
		echo "redis://127.0.0.1:$(redis_port "$1")"
	fi
}

write_redis_conf() {  # name port
	mkdir -p "$REDIS_PIDS" "$ROOT/logs"
	{
		echo "dbfilename redis_$1.rdb"
		echo "dir $REDIS_PIDS"
		echo "pidfile $REDIS_PIDS/redis_$1.pid"
		echo "logfile $ROOT/logs/redis_$1.log"
		echo "bind 127.0.0.1"
		echo "port $2"
		if [ "$1" = cache ]; then
			echo "maxmemory ${REDIS_CACHE_MB:-256}mb"
			echo "maxmemory-policy allkeys-lru"
			echo "appendonly no"
			echo 'save ""'
		fi
	} >"$ROOT/config/redis_$1.conf"
}

configure() {
	local cache queue name
	mkdir -p "$ROOT/config" "$ROOT/sites"
	if [ -z "$REDIS_URL" ]; then
		for name in $REDIS_NAMES; do write_redis_conf "$name" "$(redis_port "$name")"; done
	fi
	cache=$(redis_url cache) queue=$(redis_url queue)
	"$PYTHON" "$ROOT/scripts/json_merge.py" "$ROOT/sites/common_site_config.json" \
		"{\"redis_cache\": \"$cache\", \"redis_queue\": \"$queue\", \"redis_socketio\": \"$queue\"}"
}

answers() {
	redis-cli -u "$(redis_url "$1")" ping >/dev/null 2>&1
}

ours() {  # the server on this bench's port is this bench's (its data folder is config/pids)
	local dir
	dir=$(redis-cli -u "$(redis_url "$1")" config get dir 2>/dev/null | sed -n 2p)
	[ -n "$dir" ] && [ "$dir" = "$(cd "$REDIS_PIDS" && pwd -P)" ]
}

start() {
	configure
	local name
	if [ -n "$REDIS_URL" ]; then
		answers cache || die "REDIS_URL=$REDIS_URL does not answer"
		return
	fi
	for name in $REDIS_NAMES; do
		if port_taken "$(redis_port "$name")"; then
			ours "$name" && continue
			# another program (another bench's Redis) holds the recorded port: this bench moves
			log "Port $(redis_port "$name") is taken by another program: choosing another for Redis ($name)"
			rm -f "$ROOT/config/redis_$name.conf"
			configure
		fi
		log "Starting this bench's Redis ($name) on port $(redis_port "$name")"
		redis-server "$ROOT/config/redis_$name.conf" --daemonize yes
		for _ in $(seq 50); do answers "$name" && continue 2; sleep 0.2; done
		die "Redis ($name) did not start: see logs/redis_$name.log"
	done
}

stop() {
	[ -n "$REDIS_URL" ] && return
	local name
	for name in $REDIS_NAMES; do
		[ -f "$ROOT/config/redis_$name.conf" ] || continue
		ours "$name" && redis-cli -u "$(redis_url "$name")" shutdown >/dev/null 2>&1 || true
	done
}

run() {
	if [ -n "$REDIS_URL" ]; then
		log "REDIS_URL is set: this bench runs no Redis of its own"
		exec sleep infinity
	fi
	# the server the set-up started (or one started now) is followed, and shut down with this process
	# a moment after the stack's other processes got the same signal, so workers leave cleanly
	start >/dev/null
	trap 'sleep 2; redis-cli -u "$(redis_url "$1")" shutdown >/dev/null 2>&1; exit 0' INT TERM
	log "Redis ($1) on port $(redis_port "$1")"
	while answers "$1"; do
		sleep 2 &
		wait $!
	done
	die "Redis ($1) stopped"
}

case ${1:-} in
config) configure ;;
start) start ;;
stop) stop ;;
run) run "${2:?cache or queue}" ;;
url) redis_url "${2:?cache or queue}" ;;
*) die "usage: scripts/redis.sh config|start|stop|run NAME|url NAME" ;;
esac
