package dev.photoreel.functions.definition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The concrete exception classes of a package, found on the test class path (a directory or a jar). */
final class ExceptionClasses {

    private ExceptionClasses() {
    }

    static Set<Class<?>> concreteIn(String packageName) {
        String path = packageName.replace('.', '/');
        Set<String> names = new TreeSet<>();
        try {
            for (URL url : Collections.list(ExceptionClasses.class.getClassLoader().getResources(path))) {
                if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.map(f -> f.getFileName().toString()).forEach(n -> addClassName(names, packageName, n));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    try (JarFile jar = connection.getJarFile()) {
                        jar.stream()
                                .map(e -> e.getName())
                                .filter(n -> n.startsWith(path + "/") && n.indexOf('/', path.length() + 1) < 0)
                                .forEach(n -> addClassName(names, packageName, n.substring(path.length() + 1)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Set<Class<?>> classes = new java.util.LinkedHashSet<>();
        for (String name : names) {
            Class<?> type = load(name);
            if (Throwable.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                classes.add(type);
            }
        }
        if (classes.isEmpty()) {
            throw new AssertionError("No exception classes found in " + packageName + " on the test class path");
        }
        return classes;
    }

    static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ExceptionClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name + " is not a class on the functions' class path", e);
        }
    }

    private static void addClassName(Set<String> names, String packageName, String fileName) {
        if (fileName.endsWith(".class") && !fileName.contains("$")) {
            names.add(packageName + "." + fileName.substring(0, fileName.length() - ".class".length()));
        }
    }
}
