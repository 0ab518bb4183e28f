package org.kronika.command.checkpoint;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.dao.DataAccessResourceFailureException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets a test make the signing of one approval's checkpoint fail, once, as a database gone away in the middle of it
 * would: the approval processor's handler gets the error before anything is written. Every other signing is the
 * real one.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FailingSignings implements BeanPostProcessor {

    private final Set<String> armed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failures = new AtomicInteger();

    /** The next signing of this approval fails; later ones go through. */
    public void failOnce(String projectId, String periodId) {
        armed.add(projectId + " " + periodId);
    }

    /** How many signings were made to fail so far. */
    public int failures() {
        return failures.get();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof Checkpoints)) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice((MethodInterceptor) invocation -> {
            Object[] args = invocation.getArguments();
            if (invocation.getMethod().getName().equals("signApproval") && armed.remove(args[0] + " " + args[1])) {
                failures.incrementAndGet();
                throw new DataAccessResourceFailureException("FailingSignings: the database went away while signing");
            }
            return invocation.proceed();
        });
        return proxy.getProxy(bean.getClass().getClassLoader());
    }
}
