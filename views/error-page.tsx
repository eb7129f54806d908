export function ErrorPage({ heading, message }: { heading: string; message: string }) {
  return (
    <>
      <h1>{heading}</h1>
      <p class="lead">{message}</p>
      <p>
        <a href="/">返回首页</a>
      </p>
    </>
  );
}
