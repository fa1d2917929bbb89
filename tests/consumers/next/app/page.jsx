// A server component: renders the client component (and with it <ConnectChat> on the server).
import Chat from "./chat";

export default async function Page({ searchParams }) {
  const { endpoint = "" } = await searchParams;
  return (
    <main>
      <p>A Next.js app.</p>
      <Chat endpoint={endpoint} />
    </main>
  );
}
