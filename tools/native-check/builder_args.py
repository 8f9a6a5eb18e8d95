#!/usr/bin/env python3
"""Turns Quarkus' native-image sources into the arguments of the SubstrateVM builder itself.

Quarkus writes `native-image.args` for the `native-image` driver, which no reachable registry
ships. The driver's work that matters for an image is done here instead: driver options become
builder (-H:) options, each classpath jar's META-INF/native-image configuration is passed as a
resource (minus what `--exclude-config` drops), each native-image.properties contributes its Args
and JavaArgs, and the runner manifest gives the classpath, the main class and Add-Opens.

Usage: builder_args.py NATIVE_SOURCES_DIR JVM_ARGS_OUT BUILDER_ARGS_OUT [EXTRA_JAR...]
Writes one JVM option per line to JVM_ARGS_OUT (extra options for the builder JVM) and the
builder arguments, NUL-separated, to BUILDER_ARGS_OUT (read with --image-args-file=).
"""
import os
import re
import shlex
import sys
import zipfile

# Driver options that are plain aliases of a builder option (the @APIOption names in svm).
API_OPTIONS = {
    "--features": "-H:Features",
    "--enable-url-protocols": "-H:EnableURLProtocols",
    "--enable-monitoring": "-H:EnableMonitoringFeatures",
    "--enable-native-access": "-H:EnableNativeAccess",
    "--add-exports": "-H:AddExports",
    "--add-opens": "-H:AddOpens",
    "--add-reads": "-H:AddReads",
    "--trace-object-instantiation": "-H:TraceObjectInstantiation",
}
# Driver flags without a value.
API_FLAGS = {
    "--no-fallback": "-H:FallbackThreshold=0",
    "--link-at-build-time": "-H:LinkAtBuildTime=",
    "--enable-http": "-H:EnableURLProtocols=http",
    "--enable-https": "-H:EnableURLProtocols=https",
    "--enable-all-security-services": "-H:+EnableAllSecurityServices",
    "--allow-incomplete-classpath": None,  # the default since GraalVM 22
    "--report-unsupported-elements-at-runtime": None,  # always on
    "--install-exit-handlers": None,  # the default for executables
}
# --initialize-at-*=a,b becomes -H:ClassInitialization=a:kind,b:kind.
INITIALIZATION = {"--initialize-at-build-time": "build_time", "--initialize-at-run-time": "run_time"}

# Configuration files a jar may carry under META-INF/native-image, and the builder option that
# reads them as classpath resources.
CONFIG_RESOURCES = {
    "reflect-config.json": "-H:ReflectionConfigurationResources",
    "resource-config.json": "-H:ResourceConfigurationResources",
    "jni-config.json": "-H:JNIConfigurationResources",
    "proxy-config.json": "-H:DynamicProxyConfigurationResources",
    "serialization-config.json": "-H:SerializationConfigurationResources",
    "predefined-classes-config.json": "-H:PredefinedClassesConfigurationResources",
    "reachability-metadata.json": "-H:ReachabilityMetadataResources",
}


class Translation:
    def __init__(self):
        self.jvm = []
        self.builder = []
        self.excludes = []  # (jar pattern, resource pattern) from --exclude-config

    def add(self, args, origin):
        """Translates driver arguments (a list) from `origin` into builder and JVM options."""
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg.startswith("-J"):
                self.jvm.append(arg[2:])
            elif arg.startswith("-H:") or arg.startswith("-R:"):
                self.builder.append(arg)
            elif arg == "--exclude-config":
                self.excludes.append((re.compile(args[i]), re.compile(args[i + 1])))
                i += 2
            elif arg.split("=", 1)[0] in INITIALIZATION:
                name, _, value = arg.partition("=")
                kind = INITIALIZATION[name]
                classes = [c for c in value.split(",") if c] or [""]
                self.builder.append("-H:ClassInitialization=" + ",".join(c + ":" + kind for c in classes))
            elif arg.split("=", 1)[0] in API_OPTIONS:
                name, eq, value = arg.partition("=")
                if not eq:  # the value is the next argument
                    value = args[i]
                    i += 1
                self.builder.append(API_OPTIONS[name] + "=" + value)
            elif arg in API_FLAGS:
                if API_FLAGS[arg] is not None:
                    self.builder.append(API_FLAGS[arg])
            elif arg.startswith("-D"):
                self.builder.append(arg)  # image-build-time system property, as the driver does
            else:
                raise SystemExit("builder_args.py: no translation for %r (from %s)" % (arg, origin))

    def excluded(self, jar, resource):
        return any(j.search(jar) and r.search(resource) for j, r in self.excludes)


def read_properties(text):
    """java.util.Properties' format, enough for native-image.properties: continuations, # comments."""
    props = {}
    logical = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not logical and (not stripped or stripped[0] in "#!"):
            continue
        if stripped.endswith("\\") and not stripped.endswith("\\\\"):
            logical += stripped[:-1] + " "
            continue
        logical += stripped
        match = re.match(r"([^=:\s]+)\s*[=:\s]?\s*(.*)", logical)
        props[match.group(1)] = match.group(2)
        logical = ""
    return props


def main(sources, jvm_out, builder_out, *extra_jars):
    with open(os.path.join(sources, "native-image.args")) as f:
        driver_args = shlex.split(f.read())
    # the driver's positional arguments: "<image name> -jar <runner jar>"
    jar_index = driver_args.index("-jar")
    runner = os.path.join(sources, driver_args[jar_index + 1])
    image_name = driver_args[jar_index - 1]
    options = driver_args[:jar_index - 1] + driver_args[jar_index + 2:]

    t = Translation()
    t.add(options, "native-image.args")

    with zipfile.ZipFile(runner) as jar:
        manifest = jar.read("META-INF/MANIFEST.MF").decode()
    manifest = re.sub(r"\r?\n ", "", manifest)  # unfold continuation lines
    attrs = dict(re.match(r"([^:]+):\s?(.*)", line).groups() for line in manifest.splitlines() if ":" in line)
    classpath = [runner] + [os.path.join(sources, p) for p in attrs.get("Class-Path", "").split()]
    classpath += [os.path.abspath(jar) for jar in extra_jars]  # bin/native-check --inject
    for module_package in attrs.get("Add-Opens", "").split():
        t.builder.append("-H:AddOpens=" + module_package + "=ALL-UNNAMED")
    for module_package in attrs.get("Add-Exports", "").split():
        t.builder.append("-H:AddExports=" + module_package + "=ALL-UNNAMED")

    resources = []
    for entry in classpath:
        with zipfile.ZipFile(entry) as jar:
            for name in jar.namelist():
                if not name.startswith("META-INF/native-image/") or name.endswith("/"):
                    continue
                base = name.rsplit("/", 1)[1]
                if t.excluded(entry, "/" + name):
                    continue
                if base == "native-image.properties":
                    props = read_properties(jar.read(name).decode())
                    origin = "%s!/%s" % (os.path.basename(entry), name)
                    directory = name.rsplit("/", 1)[0]
                    args = props.get("Args", "").replace("${.}", directory)
                    t.add(shlex.split(args), origin)
                    t.jvm.extend(shlex.split(props.get("JavaArgs", "")))
                elif base in CONFIG_RESOURCES:
                    option = CONFIG_RESOURCES[base] + "=" + name
                    if option not in resources:  # one resource path read once, from every jar that has it
                        resources.append(option)
    # an excluded file shares its path with none of the others here; say so if that ever changes
    for option in resources:
        name = option.split("=", 1)[1]
        for entry in classpath:
            with zipfile.ZipFile(entry) as jar:
                if name in jar.namelist() and t.excluded(entry, "/" + name):
                    raise SystemExit("builder_args.py: %s is excluded in %s but read from another jar" % (name, entry))

    builder = ["-imagecp", os.pathsep.join(classpath)]
    builder += ["-H:Name=" + image_name, "-H:Class=" + attrs["Main-Class"]]
    builder += t.builder + resources
    with open(jvm_out, "w") as f:
        f.write("\n".join(t.jvm) + "\n")
    with open(builder_out, "w") as f:
        f.write("\0".join(builder))


if __name__ == "__main__":
    main(*sys.argv[1:])
