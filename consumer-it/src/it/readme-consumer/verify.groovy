// Postbuild check of invoker:run: the quick start ran to its last line.
def log = new File(basedir, 'build.log').text
assert log.contains('readme-consumer: reclaimed 1 slab, 1 object; cap 256 slabs')
assert log.contains('BUILD SUCCESS')
