#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The launcher's ergonomics: --dry-run, --config-file, errors that name
the bad value, --socket-mode/--socket-owner, and telemetry read with
Debian's dpdk-telemetry.py.

Usage: test_launcher.py BACKEND_EXE
"""
import grp
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

EXE = sys.argv[1]
PREFIX = 'vc_launch_%d' % os.getpid()
# Three lcores on whatever CPUs there are: 0 is main, 1 and 2 poll.
CPU = 1 if os.cpu_count() > 1 else 0
EAL = ['--lcores', '0@0,1@%d,2@%d' % (CPU, CPU),
       '--no-huge', '--no-pci', '-m', '256', '--file-prefix', PREFIX,
       '--log-level', 'lib.vcrypto.*:notice', '--log-level',
       'lib.vhost.*:warning', '--vdev', 'crypto_aesni_mb', '--']
passed = failed = 0


def check(ok, what, detail=''):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print('FAIL %s\n%s' % (what, detail), file=sys.stderr)
    return ok


def run(args, pmd='crypto_aesni_mb'):
    eal = EAL[:-2] + [pmd, '--']
    return subprocess.run([EXE] + eal + args, capture_output=True,
                          text=True, timeout=30)


def queue_map(out):
    """{(device, queue): lcore} from the dry-run output."""
    m, dev = {}, None
    for line in out.splitlines():
        d = re.match(r'device (\d+): ', line)
        q = re.match(r'  queue (\d+): lcore (\d+)', line)
        if d:
            dev = int(d.group(1))
        elif q:
            m[(dev, int(q.group(1)))] = int(q.group(2))
    return m


def config_lines(out):
    """{device: {field: int}} from the launcher's config space lines."""
    cfg = {}
    for m in re.finditer(r'^device (\d+) config: (.*)$', out, re.M):
        f = m.group(2).split()
        cfg[int(m.group(1))] = {k: int(v, 0) for k, v in zip(f[::2], f[1::2])}
    return cfg


def config_want(dataqs, masks):
    """The config space of a crypto_aesni_mb device, from its masks."""
    return {'status': 1, 'max_dataqueues': dataqs, 'crypto_services': 0xf,
            'cipher_algo_l': masks['cipher'] & 0xffffffff,
            'cipher_algo_h': masks['cipher'] >> 32,
            'hash_algo': masks['hash'],
            'mac_algo_l': masks['mac'] & 0xffffffff,
            'mac_algo_h': masks['mac'] >> 32,
            'aead_algo': masks['aead'], 'akcipher_algo': 0,
            'max_cipher_key_len': 32, 'max_auth_key_len': 512,
            'max_size': 65535}


def test_dry_run(tmp):
    a, b = os.path.join(tmp, 'a.sock'), os.path.join(tmp, 'b.sock')
    # Default map: each device's queues round-robin on lcores 1, 2.
    r = run(['--socket', a, '--socket', b, '--dataqueues', '2',
             '--dry-run'])
    check(r.returncode == 0, 'dry run exits 0', r.stderr)
    check(queue_map(r.stdout) == {(0, 0): 1, (0, 1): 2, (1, 0): 1,
                                  (1, 1): 2}, 'round-robin map', r.stdout)
    check('lcore 1 polls 0:0 1:0' in r.stdout, 'lcore line', r.stdout)
    check(os.listdir(tmp) == [], 'dry run creates no socket')
    # What aesni_mb runs (test_backend proves these on real requests):
    # AES-CBC is virtio cipher 3, HMAC-SHA1 virtio mac 2.
    m = re.search(r'cipher 0x([0-9a-f]+):(.*)', r.stdout)
    check(m and int(m.group(1), 16) & (1 << 3) and
          ' AES_CBC ' in m.group(2) + ' ', 'AES_CBC advertised', r.stdout)
    m = re.search(r'mac +0x([0-9a-f]+):(.*)', r.stdout)
    check(m and int(m.group(1), 16) & (1 << 2) and
          ' HMAC_SHA1 ' in m.group(2) + ' ', 'HMAC_SHA1 advertised',
          r.stdout)
    # Each device's config space: the masks above, its queues, HW_READY.
    masks = {f: int(re.search(r'  %s +0x([0-9a-f]+):' % f,
                              r.stdout).group(1), 16)
             for f in ('cipher', 'mac', 'hash', 'aead')}
    cfg = config_lines(r.stdout)
    check(cfg == {0: config_want(2, masks), 1: config_want(2, masks)},
          'dry-run config space of each device', '%s\n%s' % (cfg, masks))
    # aesni_mb has no RSA; openssl has (test_akcipher runs it).
    check(re.search(r'akciph 0x0+:\n', r.stdout) and
          'RSA moduli' not in r.stdout, 'no akcipher on aesni_mb',
          r.stdout)
    r = run(['--socket', a, '--dry-run'], 'crypto_openssl')
    m = re.search(r'akciph 0x([0-9a-f]+):(.*)', r.stdout)
    check(r.returncode == 0 and m and int(m.group(1), 16) == 1 << 1 and
          m.group(2) == ' RSA' and 'akcipher' in r.stdout and
          re.search(r'RSA moduli \d+\.\.512 bytes', r.stdout),
          'RSA advertised on openssl', r.stdout)
    # An explicit map, one queue left without an lcore.
    r = run(['--socket', a, '--dataqueues', '3', '--config',
             '(2,0,0), (1,0,2)', '--dry-run'])
    check(queue_map(r.stdout) == {(0, 0): 2, (0, 2): 1}, '--config map',
          r.stdout)
    check('queue 1: no lcore' in r.stdout, 'unserved queue shown',
          r.stdout)


def test_config_file(tmp):
    conf = os.path.join(tmp, 'backend.conf')
    with open(conf, 'w') as f:
        f.write('[vcrypto-backend]\n# two devices\n'
                'socket = %s/x.sock\nsocket = %s/y.sock ; second\n'
                'dataqueues = 2\nconfig = (2,0,0),(2,0,1),(1,1,0)\n'
                'burst = 16\nclient = no\n' % (tmp, tmp))
    r = run(['--config-file', conf, '--dry-run'])
    check(r.returncode == 0, 'config file accepted', r.stderr)
    check('burst 16,' in r.stdout, 'burst from the file', r.stdout)
    check(queue_map(r.stdout) == {(0, 0): 2, (0, 1): 2, (1, 0): 1},
          'map from the file', r.stdout)
    check('%s/y.sock, server' % tmp in r.stdout, 'sockets from the file',
          r.stdout)
    # The command line wins, and replaces the file's list of sockets.
    r = run(['--config-file', conf, '--burst', '8', '--socket',
             tmp + '/z.sock', '--config', '(1,0,1)', '--dry-run'])
    check('burst 8,' in r.stdout and 'x.sock' not in r.stdout and
          queue_map(r.stdout) == {(0, 1): 1}, 'command line wins',
          r.stdout + r.stderr)
    # Mistakes name the file, the line and the value.
    for text, want in [('socket = /tmp/s\nbrust = 4\n', 'line 2 brust'),
                       ('socket = /tmp/s\n\nburst = 999\n',
                        'line 3 burst 999'),
                       ('socket\n', 'line 1 socket needs a value'),
                       ('socket = /tmp/s\nclient = maybe\n',
                        'line 2 client maybe')]:
        with open(conf, 'w') as f:
            f.write(text)
        r = run(['--config-file', conf, '--dry-run'])
        words = want.split()
        line = '%s:%s:' % (conf, words[1])
        check(r.returncode == 2 and line in r.stderr and
              all(w in r.stderr for w in words[2:]), 'error: ' + want,
              r.stderr)
    r = run(['--config-file', tmp + '/missing.conf'])
    check(r.returncode == 2 and 'missing.conf' in r.stderr,
          'missing file named', r.stderr)


def test_bad_values(tmp):
    s = ['--socket', tmp + '/s.sock', '--dry-run']
    for args, want in [(['--socket-mode', '0999'], '"0999"'),
                       (['--socket-owner', 'no-such-user-h7'],
                        'no-such-user-h7'),
                       (['--socket-owner', 'root:no-such-group-h7'],
                        'no-such-group-h7'),
                       (['--socket-mode', '0600', '--client'], '--client'),
                       (['--burst', '0'], '"0"'),
                       (['--config', '(1,0,5)'], '(1,0,5)')]:
        r = run(s + args)
        check(r.returncode == 2 and want in r.stderr, 'names ' + want,
              r.stderr)
    # Known only once EAL is up: lcore 7 does not exist.
    r = run(s + ['--config', '(7,0,0)'])
    check(r.returncode == 1 and '(7,0,0)' in r.stderr and
          'lcore 7' in r.stderr, 'names lcore 7', r.stderr)


def telemetry(cmd):
    r = subprocess.run(['dpdk-telemetry.py', '-f', PREFIX], input=cmd,
                       capture_output=True, text=True, timeout=10)
    # The tool prints its greeting, then one JSON reply per line.
    for line in r.stdout.splitlines():
        if line.startswith('{') and cmd.split(',')[0] in line:
            return json.loads(line)[cmd.split(',')[0]]
    return None


def test_socket_and_telemetry(tmp):
    sock = os.path.join(tmp, 'vm.sock')
    group = grp.getgrnam('daemon')
    args = ['--socket', sock, '--socket-mode', '0640']
    if os.getuid() == 0:
        args += ['--socket-owner', '0:daemon']
    dry = config_lines(run(args + ['--dry-run']).stdout)
    p = subprocess.Popen([EXE] + EAL + args, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        if os.path.exists(sock) and \
                stat.S_IMODE(os.stat(sock).st_mode) == 0o640:
            break
        time.sleep(0.05)
    st = os.stat(sock) if os.path.exists(sock) else None
    check(st and stat.S_ISSOCK(st.st_mode) and
          stat.S_IMODE(st.st_mode) == 0o640, 'socket mode 0640',
          st and oct(st.st_mode))
    if os.getuid() == 0:
        check(st and st.st_uid == 0 and st.st_gid == group.gr_gid,
              'socket owner 0:daemon', st and (st.st_uid, st.st_gid))
    check(telemetry('/vcrypto/devices') == [0], 'telemetry devices')
    dev = telemetry('/vcrypto/device,0') or {}
    check(dev.get('socket') == sock and dev.get('state') == 'listening' and
          dev.get('queues') == {'0': 'idle'}, 'telemetry device', dev)
    lcores = telemetry('/vcrypto/lcores') or {}
    check(lcores.get('1', {}).get('queues') == ['0:0'] and
          lcores['1'].get('running') == 1, 'telemetry lcores', lcores)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=20)
    check(p.returncode == 0, 'clean exit', err)
    check(re.search(r'^total %s: requests 0 ' % re.escape(sock), out,
                    re.M), 'final summary line', out)
    # At start, the config space the dry run printed.
    check(config_lines(out) == dry and len(dry) == 1, 'config at start',
          '%s\n%s' % (out, dry))


def with_openssl(args):
    """EAL with crypto_openssl as a second cryptodev, then @args."""
    eal = EAL[:-1] + ['--vdev', 'crypto_openssl', '--']
    return [EXE] + eal + args


def test_cryptodevs(tmp):
    s = ['--socket', tmp + '/c.sock']
    r = subprocess.run(with_openssl(s + ['--dry-run']), capture_output=True,
                       text=True, timeout=30)
    out = r.stdout
    check(r.returncode == 0 and
          re.search(r'^cryptodev 0: crypto_aesni_mb .*preferred$', out,
                    re.M) and
          re.search(r'^cryptodev 1: crypto_openssl ', out, re.M),
          'both cryptodevs, in EAL order', out + r.stderr)
    check(' AES_CBC@crypto_aesni_mb' in out and
          ' AES_ECB@crypto_aesni_mb' in out and
          ' 3DES_CTR@crypto_openssl' in out and
          ' MD5@crypto_openssl' in out, 'each algorithm where it goes',
          out)
    r = subprocess.run(with_openssl(s + ['--cdev', 'crypto_openssl',
                                         '--cdev', 'crypto_aesni_mb',
                                         '--dry-run']),
                       capture_output=True, text=True, timeout=30)
    check(' AES_CBC@crypto_openssl' in r.stdout and
          ' AES_ECB@crypto_aesni_mb' in r.stdout,
          '--cdev order is the preference', r.stdout)
    r = run(s + ['--cdev', 'crypto_nope', '--dry-run'])
    check(r.returncode != 0 and '--cdev crypto_nope' in r.stderr,
          'unknown --cdev named', r.stderr)
    r = run(s + ['--cdev', 'crypto_aesni_mb'] * 9 + ['--dry-run'])
    check(r.returncode != 0 and 'at most 8' in r.stderr,
          'more than 8 --cdev refused', r.stderr)
    p = subprocess.Popen(with_openssl(s), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        if os.path.exists(tmp + '/c.sock'):
            break
        time.sleep(0.05)
    cds = telemetry('/vcrypto/cryptodevs') or {}
    check(cds.get('0', {}).get('name') == 'crypto_aesni_mb' and
          cds.get('1', {}).get('name') == 'crypto_openssl' and
          cds['0'].get('sessions') == 0, 'telemetry cryptodevs', cds)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=20)
    check(p.returncode == 0, 'clean exit with two cryptodevs', err)


def main():
    tmp = tempfile.mkdtemp(prefix='vc_launch_')
    try:
        for t in (test_dry_run, test_config_file, test_bad_values,
                  test_socket_and_telemetry, test_cryptodevs):
            sub = os.path.join(tmp, t.__name__)
            os.mkdir(sub)
            t(sub)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('%d passed, %d failed' % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == '__main__':
    sys.exit(main())
