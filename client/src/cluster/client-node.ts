// The parts of @kubernetes/client-node the live lookups use, named so that the bundler leaves out the rest
// (a dynamic import of the package itself keeps all of it: 3.7 MB instead of 1.9 MB). Imported dynamically.
export { KubeConfig, CoreV1Api, AppsV1Api, BatchV1Api, CustomObjectsApi, Observable } from '@kubernetes/client-node';
