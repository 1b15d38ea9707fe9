# SPDX-License-Identifier: BSD-3-Clause
# Sphinx configuration: HTML and the two man pages. The build (doc/meson.build)
# passes the generated algorithm table as -D vcrypto_algo_table=PATH.
project = 'vcrypto'
copyright = 'vcrypto developers'
master_doc = 'index'
exclude_patterns = []
html_theme = 'alabaster'
html_extra_path = []

man_pages = [
    ('vcrypto-backend', 'vcrypto-backend',
     'serve virtio-crypto devices to vhost-user frontends on a DPDK '
     'cryptodev', [], 1),
    ('vcrypto-perf', 'vcrypto-perf',
     'drive a vcrypto backend and measure it', [], 1),
]


def add_algo_table(app, docname, source):
    if docname != 'algorithms':
        return
    path = app.config.vcrypto_algo_table
    if path:
        with open(path) as f:
            source[0] += '\n' + f.read()
    else:
        source[0] += '\n(Built without the generated table: build the ' \
                     'documentation with ``ninja -C build``.)\n'


def setup(app):
    app.add_config_value('vcrypto_algo_table', '', 'env')
    app.connect('source-read', add_algo_table)
